"""Validation shared by every input model aoai reads: rules, messages in aoai's words, and text escaping."""
