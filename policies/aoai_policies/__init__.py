"""The aoai CrossGuard policy pack: importable policies; `policies/__main__.py` only assembles them.

Public, versioned with the pack: `aoai_policies.api` (helpers), `aoai_policies.pack` (the assembled pack) and
`aoai_policies.facts` (the Azure facts and their sources). Every other module is private.
"""
