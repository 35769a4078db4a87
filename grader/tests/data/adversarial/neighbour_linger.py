# ATTACK (neighbours), after the armed fragment: every new pager takes a while, so that
# the attacker's grading outlives the neighbour the test watches (it ends at the
# exercise's time limit instead).
_pager_init = Pager.__init__


def _lingering_init(self, *args, **kwargs):
    _time.sleep(1.0)
    _pager_init(self, *args, **kwargs)


Pager.__init__ = _lingering_init
