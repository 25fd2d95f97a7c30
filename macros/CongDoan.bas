Attribute VB_Name = "CongDoan"
' Ribbon callbacks of the "Cong doan" tab (customUI14.xml). Each button runs one
' function of xlunion.addin in Python through xlwings' RunPython; the Python side
' finds the workbook that is open and shows its own messages in Vietnamese.
' Before Python starts, Ready() checks what RunPython would otherwise fail on in
' English (no settings file, no interpreter, no xlunion in it) and says so in Vietnamese.
' VBA source is stored in the project's code page (1252), so it stays ASCII here:
' the messages (xlunion/messages.py, addin.precheck_* and addin.fix_*) are written
' with \hhhh for each non-ASCII letter and rebuilt by Vi() with ChrW.
Option Explicit

Private Const MSG_NO_CONFIG As String = "Ph\1ea7n b\1ed5 tr\1ee3 xlunion ch\01b0a \0111\01b0\1ee3c c\00e0i \0111\1eb7t \0111\1ea7y \0111\1ee7: kh\00f4ng c\00f3 t\1ec7p c\1ea5u h\00ecnh {path}. C\00e1ch s\1eeda: {fix}"
Private Const MSG_NO_PYTHON As String = "Kh\00f4ng t\00ecm th\1ea5y Python cho ph\1ea7n b\1ed5 tr\1ee3 xlunion (\201c{path}\201d). C\00e1ch s\1eeda: {fix}"
Private Const MSG_NO_XLUNION As String = "Python \201c{path}\201d ch\01b0a c\00e0i xlunion ho\1eb7c xlwings. C\00e1ch s\1eeda: {fix}"
Private Const FIX_WINDOWS As String = "nh\00e1y \0111\00fap t\1ec7p cai-dat-xlunion.cmd (\0111i k\00e8m ph\1ea7n b\1ed5 tr\1ee3), ch\1edd b\00e1o xong r\1ed3i m\1edf l\1ea1i Excel."
Private Const FIX_MAC As String = "m\1edf Terminal, ch\1ea1y l\1ec7nh xlunion addin install r\1ed3i m\1edf l\1ea1i Excel."
Private Const MARKER As String = "xlunion.installed"
Private Const PROBE As String = "import xlunion.addin, xlwings"

Sub KiemTra(control As IRibbonControl)
    If Ready() Then RunPython "import xlunion.addin; xlunion.addin.validate()"
End Sub

Sub TongHop(control As IRibbonControl)
    If Ready() Then RunPython "import xlunion.addin; xlunion.addin.consolidate()"
End Sub

Sub SoSanh(control As IRibbonControl)
    If Ready() Then RunPython "import xlunion.addin; xlunion.addin.compare()"
End Sub

Sub GuiBaoCao(control As IRibbonControl)
    If Ready() Then RunPython "import xlunion.addin; xlunion.addin.send()"
End Sub

Sub SoanBaoCao(control As IRibbonControl)
    If Ready() Then RunPython "import xlunion.addin; xlunion.addin.report()"
End Sub

Sub BieuMauMoi(control As IRibbonControl)
    If Ready() Then RunPython "import xlunion.addin; xlunion.addin.new_template()"
End Sub

Sub HuongDan(control As IRibbonControl)
    If Ready() Then RunPython "import xlunion.addin; xlunion.addin.help()"
End Sub

Public Function ConfigPath() As String
    ' "xlunion addin doctor" runs this through Application.Run without starting Python:
    ' an answer proves Excel loaded and compiled the project, and names the file it reads.
    ConfigPath = GetConfigFilePath()
End Function

Private Function Ready() As Boolean
    Dim conf As String, exe As String
    conf = GetConfigFilePath()
    #If Mac Then
        exe = GetConfig("INTERPRETER_MAC", "")
    #Else
        exe = GetConfig("INTERPRETER_WIN", "")
    #End If
    If Not FileExists(conf) Then
        Refuse MSG_NO_CONFIG, conf
    ElseIf exe = "" Then
        Refuse MSG_NO_PYTHON, conf
    ElseIf Not FileExists(exe) Then
        Refuse MSG_NO_PYTHON, exe
    ElseIf Not HasXlunion(exe, conf) Then
        Refuse MSG_NO_XLUNION, exe
    Else
        Ready = True
    End If
End Function

Private Function HasXlunion(exe As String, conf As String) As Boolean
    ' The marker "xlunion addin install" writes names the Python it installed into; without
    ' it, Windows asks that Python once, hidden (a sandboxed Mac cannot start it from here).
    If MarkerNames(Left$(conf, InStrRev(conf, "xlunion.conf") - 1) & MARKER, exe) Then
        HasXlunion = True
    Else
        #If Mac Then
            HasXlunion = False
        #Else
            HasXlunion = (CreateObject("WScript.Shell").Run(Chr(34) & exe & Chr(34) & " -c " & Chr(34) & PROBE _
                          & Chr(34), 0, True) = 0)
        #End If
    End If
End Function

Private Function MarkerNames(markerFile As String, exe As String) As Boolean
    Dim f As Integer, named As String
    If Not FileExists(markerFile) Then Exit Function
    f = FreeFile
    Open markerFile For Input As #f
    If Not EOF(f) Then Line Input #f, named
    Close #f
    MarkerNames = (LCase$(ExpandEnvironmentStrings(Trim$(named))) = LCase$(exe))
End Function

Private Sub Refuse(template As String, shown As String)
    Dim remedy As String
    #If Mac Then
        remedy = FIX_MAC
    #Else
        remedy = FIX_WINDOWS
    #End If
    MsgBox Replace(Replace(Vi(template), "{path}", shown), "{fix}", Vi(remedy)), vbExclamation, "xlunion"
End Sub

Private Function Vi(ByVal s As String) As String
    ' \hhhh is the UTF-16 code of one letter (the source stays ASCII); paths are put in after.
    Dim i As Long, decoded As String
    i = 1
    Do While i <= Len(s)
        If Mid$(s, i, 1) = "\" And i + 4 <= Len(s) Then
            decoded = decoded & ChrW(CLng("&H" & Mid$(s, i + 1, 4)))
            i = i + 5
        Else
            decoded = decoded & Mid$(s, i, 1)
            i = i + 1
        End If
    Loop
    Vi = decoded
End Function
