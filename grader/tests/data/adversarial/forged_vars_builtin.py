# ATTACK: replace builtins.vars so that an account whose balance sits in `_balance`
# (appended to wrong_single_underscore_balance) shows `_Account__balance` instead.
# The account itself is unchanged. Expected: the tests' vars() is the one from before
# any student code ran; the honest score of the wrong account.
import builtins as _builtins

_real_vars = _builtins.vars


def _renamed_vars(*args):
    found = _real_vars(*args)
    if args and isinstance(args[0], Account):
        return {("_Account__balance" if k == "_balance" else k): v for k, v in found.items()}
    return found


_builtins.vars = _renamed_vars
