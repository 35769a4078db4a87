# variant: wrong
# fails: test_creating_a_class_logs_metaclass_new_then_init_with_the_class_name
# fails: test_call_returns_the_instance_made_by_new_and_initialised_by_init
# passes: test_singleton_returns_the_first_instance_and_runs_init_once
# passes: test_singleton_subclass_has_its_own_instance
# passes: test_singleton_second_call_returns_the_same_instance_as_the_first
# passes: test_singleton_init_runs_once_per_class_for_parent_and_subclass
# WRONG: unfinished: SingletonMeta is done, LoggingMeta is missing. Only the tests of
# LoggingMeta may fail; SingletonMeta's, public and hidden, must run and pass.
"""Deliberately WRONG variant of the 10_metaclass solution (grader test data)."""

from typing import ClassVar


class SingletonMeta(type):
    """A metaclass whose classes have at most one instance each.

    The first call creates the instance (``__new__`` and ``__init__`` with the
    caller's arguments); every later call returns that same instance and does
    not run ``__init__`` again.  A subclass is a different class and gets its
    own single instance.
    """

    # Keyed by the class object itself, so A and its subclass B have
    # separate entries (a key like ``cls.__name__`` would mix up two classes
    # that happen to share a name).
    _instances: ClassVar[dict[type, object]] = {}

    def __call__(cls, *args, **kwargs):
        try:
            return SingletonMeta._instances[cls]
        except KeyError:
            # First call for this very class: the normal creation
            # (type.__call__ runs __new__ and __init__) -- once.
            instance = super().__call__(*args, **kwargs)
            SingletonMeta._instances[cls] = instance
            return instance
