Attribute VB_Name = "CongDoan"
' Ribbon callbacks of the "Cong doan" tab (customUI14.xml). Each button runs one
' function of xlunion.addin in Python through xlwings' RunPython; the Python side
' finds the workbook that is open and shows its own messages in Vietnamese.
' VBA source is stored in the project's code page (1252), so it stays ASCII here.
Option Explicit

Sub KiemTra(control As IRibbonControl)
    RunPython "import xlunion.addin; xlunion.addin.validate()"
End Sub

Sub TongHop(control As IRibbonControl)
    RunPython "import xlunion.addin; xlunion.addin.consolidate()"
End Sub

Sub SoSanh(control As IRibbonControl)
    RunPython "import xlunion.addin; xlunion.addin.compare()"
End Sub

Sub GuiBaoCao(control As IRibbonControl)
    RunPython "import xlunion.addin; xlunion.addin.send()"
End Sub

Sub SoanBaoCao(control As IRibbonControl)
    RunPython "import xlunion.addin; xlunion.addin.report()"
End Sub

Sub BieuMauMoi(control As IRibbonControl)
    RunPython "import xlunion.addin; xlunion.addin.new_template()"
End Sub

Sub HuongDan(control As IRibbonControl)
    RunPython "import xlunion.addin; xlunion.addin.help()"
End Sub
