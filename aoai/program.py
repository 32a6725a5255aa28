"""The aoai Pulumi program: stack config → validated spec → components → stack outputs.

A project needs only `Pulumi.yaml`, `stacks/Pulumi.<env>.yaml` and a two-line `__main__.py`:

    from aoai.program import main
    main()

A team that adds its own resources next to the estate calls `estate_from_stack()` instead and uses the estate's typed
outputs (see docs/composition.md). The same code runs under `pulumi up` and under `aoai plan` (Pulumi mocks); nothing
here knows which.
"""

from __future__ import annotations

import pulumi

from aoai.components import Estate, EstateArgs
from aoai.errors import AoaiError
from aoai.spec.load import NAMESPACE, engine_config, spec_from_config, stack_file_path

STACK_OUTPUTS = ("endpoints", "accountIds", "principalIds", "routing")
"""The stack outputs `main()` exports, in this order (docs/resources.md, "Outputs")."""


def estate_from_stack(name: str = NAMESPACE, opts: pulumi.ResourceOptions | None = None) -> Estate:
    """The estate the current stack's `aoai:` config describes, declared as component `name`.

    The config is validated first: a stack file that does not describe a valid estate stops the program with one
    message naming each problem (`pulumi up` prints it without a traceback), and nothing is declared. Keep the default
    `name`: it is the root of every resource's URN, so changing it replaces the estate.
    """
    try:
        spec = spec_from_config(engine_config(), str(stack_file_path(pulumi.get_stack())))
    except AoaiError as error:
        raise pulumi.RunError(str(error)) from None
    return Estate(name, EstateArgs(spec=spec), opts)


def export_outputs(estate: Estate) -> None:
    """Export the estate's outputs as the stack outputs aoai documents (`STACK_OUTPUTS`)."""
    pulumi.export("endpoints", estate.endpoints)
    pulumi.export("accountIds", estate.account_ids)
    pulumi.export("principalIds", estate.principal_ids)
    pulumi.export("routing", estate.routing)


def main() -> None:
    """The whole program: the stack's estate and its outputs."""
    export_outputs(estate_from_stack())
