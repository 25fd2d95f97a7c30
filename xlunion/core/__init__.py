"""The pure core: definitions and DataFrames in, results out.

Nothing in this package touches a file or imports xlwings, openpyxl, xlsxwriter
or smtplib; a test holds it to that.
"""
