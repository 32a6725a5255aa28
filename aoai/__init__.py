"""aoai: provision and govern Azure OpenAI estates as code with Pulumi."""

__version__ = "0.1.0"
