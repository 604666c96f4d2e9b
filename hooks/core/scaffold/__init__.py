"""``threat-model init`` and ``threat-model new``: the files a repository needs on day zero,
written only where missing, inside the repository, atomically."""
