def search(query: str) -> list[str]:
    return []
