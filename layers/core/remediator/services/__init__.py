"""Small helpers per AWS service, shared by the rules of a family."""
