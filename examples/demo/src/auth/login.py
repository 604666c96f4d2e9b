def login(user: str, password: str) -> bool:
    return False
