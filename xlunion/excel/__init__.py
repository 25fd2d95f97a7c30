"""Excel adapters: one workbook interface, a live implementation (xlwings) and a file one."""
