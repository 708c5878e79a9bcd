class SchoolYearConverter:
    """School years appear in addresses as 2026-2027 and in the code as "2026/2027"."""

    regex = r"\d{4}-\d{4}"

    def to_python(self, value: str) -> str:
        return value.replace("-", "/")

    def to_url(self, value: str) -> str:
        return value.replace("/", "-")
