"""Files into the organisation: the national registers (NSR, NBR), lists of units, and
Samla's workbook of classes and staff. Each kind is checked first (a preview of what would
change, or errors per row) and applied afterwards in one transaction."""
