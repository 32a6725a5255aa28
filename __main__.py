"""The aoai Pulumi program: stack config → validated spec → components → stack outputs.

The same code runs under `pulumi up` and under `aoai plan` (Pulumi mocks); nothing here knows which.
"""

import pulumi

from aoai.config import NAMESPACE, engine_config, spec_from_config, stack_file_path
from components import Estate, EstateArgs

spec = spec_from_config(engine_config(), str(stack_file_path(pulumi.get_stack())))
estate = Estate(NAMESPACE, EstateArgs(spec=spec))

pulumi.export("endpoints", estate.endpoints)
pulumi.export("accountIds", estate.account_ids)
pulumi.export("principalIds", estate.principal_ids)
pulumi.export("routing", estate.routing)
