"""Public views of the case app, one module per concern: intake, tracking, respondent, citizen."""
