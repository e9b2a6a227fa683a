"""A bounded cache, least recently used out first, safe across threads: what is read once and kept."""

import threading
from collections import OrderedDict


class LRUCache:
    """Keeps values within a budget: a count of entries, or bytes when each is put with its size."""

    def __init__(self, budget: int):
        self.budget, self.used = budget, 0
        self.entries: OrderedDict = OrderedDict()  # key -> (value, size)
        self.lock = threading.Lock()

    def remembered(self, key, compute, size=lambda value: 1):
        """The value kept for `key`, else compute() kept with its size; computed outside the lock."""
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
                return entry[0]
        value = compute()
        with self.lock:
            if key not in self.entries:  # another thread may have computed it meanwhile
                self.entries[key] = (value, size(value))
                self.used += self.entries[key][1]
                while self.used > self.budget and len(self.entries) > 1:
                    _, (_, dropped) = self.entries.popitem(last=False)
                    self.used -= dropped
        return value
