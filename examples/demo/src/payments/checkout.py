def checkout(cart: list[int]) -> int:
    return sum(cart)
