"""Adopting live estates and watching them: `aoai import` (a stack file and a `pulumi import` file from what is live)
and `aoai drift` (what changed in Azure since). Read-only towards Azure."""
