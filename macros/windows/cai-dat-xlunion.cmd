@echo off
rem Double-click this file: it runs cai-dat-xlunion.ps1 from the same folder.
powershell -NoProfile -ExecutionPolicy Bypass -File "%~dp0cai-dat-xlunion.ps1"
pause
