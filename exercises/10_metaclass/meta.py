"""Exercise 10_metaclass: metaclasses that log and control object creation.

练习 10_metaclass：用元类记录“创建类”和“创建对象”的每一步，并实现单例元类。

Read README.md (or README.zh-CN.md) for the full rules, then replace every
``raise NotImplementedError`` below.  Do not rename anything.  Use the
classes like this (Python 3 syntax, not the lesson's ``__metaclass__``)::

    class C(metaclass=LoggingMeta):
        ...
"""

from typing import ClassVar


class LoggingMeta(type):
    """A metaclass that records class creation and instance creation.

    记录日志的元类：每一步**开始时**往同一个列表 ``LoggingMeta.log`` 里追加一条。

    ``LoggingMeta.log`` is ONE list shared by every class that uses this
    metaclass (subclasses included).  Each entry is appended when its step
    *starts*.  ``C`` below stands for the ``__name__`` of the class concerned.

    >>> LoggingMeta.log.clear()
    >>> class C(metaclass=LoggingMeta):
    ...     pass
    >>> c = C()
    >>> LoggingMeta.log[:2]
    ['LoggingMeta.__new__ C', 'LoggingMeta.__init__ C']
    >>> LoggingMeta.log[2:]
    ['LoggingMeta.__call__ C', 'C.__new__', 'C.__init__']
    """

    log: ClassVar[list[str]] = []

    def __new__(mcs, name, bases, namespace, **kwargs):
        """Log ``"LoggingMeta.__new__ C"``, then create the class as ``type`` does.

        ``name`` is the name of the new class; ``kwargs`` are the class keywords
        (``class C(Base, flag=1)``) and must be passed on.
        """
        # TODO: append the entry, then return super().__new__(...)
        raise NotImplementedError("LoggingMeta.__new__")

    def __init__(cls, name, bases, namespace, **kwargs):
        """Log ``"LoggingMeta.__init__ C"``, then initialise the class as ``type`` does."""
        # TODO
        raise NotImplementedError("LoggingMeta.__init__")

    def __call__(cls, *args, **kwargs):
        """``C(*args, **kwargs)``: log and run the two steps of instance creation.

        1. log ``"LoggingMeta.__call__ C"``;
        2. log ``"C.__new__"``, then ``obj = C.__new__(C, *args, **kwargs)``;
        3. only if ``isinstance(obj, C)``: log ``"C.__init__"``, then
           ``type(obj).__init__(obj, *args, **kwargs)``;
        4. return ``obj`` (the lesson's ``MyType.__call__`` forgot this!).
        """
        # TODO
        raise NotImplementedError("LoggingMeta.__call__")


class SingletonMeta(type):
    """A metaclass whose classes have at most one instance each.

    单例元类：每个类（每个子类各自单独计算）最多只有一个实例。

    The first call creates the instance with its arguments; every later call
    returns that same instance and does NOT run ``__init__`` again.  A
    subclass is a different class and gets its own single instance.
    """

    def __call__(cls, *args, **kwargs):
        """Return the single instance of ``cls``, creating it on the first call."""
        # TODO: where do you keep one instance per class?
        raise NotImplementedError("SingletonMeta.__call__")
