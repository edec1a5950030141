"""``python -m claimgraph.samples`` writes the bundled articles as JSON Lines."""

from claimgraph.samples import main

main()
