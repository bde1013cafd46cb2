"""What storage says, in French: the domain's labels, closed lists and messages.

Split by theme, the texts of each module in the TOML file beside it (loaded at import, see
docs/ARCHITECTURE.md, "French texts"); this package re-exports every name, so readers write
``from storage import vocabulary as voc`` then ``voc.NAME``. Labels of workflow states live
beside their workflows, in ``workflows.toml``. Messages with placeholders use ``str.format``
names.
"""

from storage.vocabulary.choices import *  # noqa: F403
from storage.vocabulary.exchange import *  # noqa: F403
from storage.vocabulary.formats import *  # noqa: F403
from storage.vocabulary.labels import *  # noqa: F403
from storage.vocabulary.messages import *  # noqa: F403
from storage.vocabulary.sync import *  # noqa: F403
from storage.vocabulary.territories import *  # noqa: F403
