# variant: wrong
# fails: test_sliceable_list_does_not_subclass_list_or_another_builtin_sequence
# fails: test_a_sliceable_list_is_never_equal_to_a_plain_list
# WRONG: subclasses list (forbidden by the contract); as a side effect a plain list compares equal
# to it, since list.__eq__ accepts list subclasses.
class SliceableList(list):
    """A list subclass whose slices are SliceableLists."""

    def __getitem__(self, index):
        result = super().__getitem__(index)
        return SliceableList(result) if isinstance(index, slice) else result

    def __repr__(self):
        return f"SliceableList({list.__repr__(self)})"

    def __eq__(self, other):
        if not isinstance(other, SliceableList):
            return NotImplemented
        return list.__eq__(self, other)

    def __ne__(self, other):
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    __hash__ = None
