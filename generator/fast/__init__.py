"""Every shortcut and parallel path: caches, page reuse, crews of processes, GC pausing."""
