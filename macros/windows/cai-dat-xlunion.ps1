# From a Windows PC with Excel only to the "Cong doan" tab: uv (which brings its own Python),
# xlunion in an environment of its own, the add-in, then the doctor. Started by
# cai-dat-xlunion.cmd (a double-clicked .ps1 is refused by PowerShell's execution policy).
# The sentences shown are the addin.setup_* entries of xlunion/messages.py.
$ErrorActionPreference = 'Stop'
$here = Split-Path -Parent $MyInvocation.MyCommand.Path
function Say($text) { Write-Host ''; Write-Host $text -ForegroundColor Cyan }

try {
    Say 'Cài đặt xlunion cho Excel'
    Say 'Bước 1: cài uv (công cụ cài Python)'
    if (-not (Get-Command uv -ErrorAction SilentlyContinue)) {
        if (Get-Command winget -ErrorAction SilentlyContinue) {
            winget install --id astral-sh.uv --exact --accept-source-agreements --accept-package-agreements
        } else {
            Invoke-RestMethod https://astral.sh/uv/install.ps1 | Invoke-Expression
        }
        # this window's PATH predates the install: add the folders winget and uv's installer use
        $env:Path = "$env:USERPROFILE\.local\bin;$env:LOCALAPPDATA\Microsoft\WinGet\Links;$env:Path"
    }
    Say 'Bước 2: cài Python và xlunion vào môi trường riêng'
    # a wheel handed out with the add-in wins over the package index
    $wheel = Get-ChildItem -Path $here -Filter 'xlunion-*.whl' | Sort-Object Name | Select-Object -Last 1
    if ($wheel) { $package = "xlunion[addin] @ file:///" + ($wheel.FullName -replace '\\', '/') }
    else { $package = 'xlunion[addin]' }
    uv tool install --force --python 3.12 $package
    if ($LASTEXITCODE -ne 0) { throw "uv tool install $package" }
    $xlunion = Join-Path (uv tool dir --bin).Trim() 'xlunion.exe'
    Say 'Bước 3: cài phần bổ trợ vào Excel và kiểm tra'
    $xlam = Join-Path $here 'xlunion.xlam'
    if (Test-Path $xlam) { & $xlunion addin install --file $xlam } else { & $xlunion addin install }
    if ($LASTEXITCODE -ne 0) { throw 'xlunion addin install' }
    & $xlunion addin doctor
    Say 'Đã cài xong. Mở lại Excel và bấm nút trên thẻ Công đoàn.'
} catch {
    Write-Host $_ -ForegroundColor Red
    Say 'Cài đặt chưa hoàn tất. Hãy chụp màn hình cửa sổ này gửi cán bộ hỗ trợ.'
    exit 1
}
