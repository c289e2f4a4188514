@echo off
rem Mở khóa học langnghe trên Windows: bấm đúp vào tệp này.
rem Lần đầu: tạo môi trường Python .venv ngay cạnh tệp này và cài các gói của khóa học (cần Internet).
rem Mọi lần: mở JupyterLab tiếng Việt ở trang bắt đầu (không cần mạng).
rem Tham số được chuyển cho "langnghe lab", ví dụ: bat-dau.bat --port 8889
chcp 65001 >nul
setlocal
cd /d "%~dp0"
set "BUNDLE={{NAME}}"
set "WHEEL={{WHEELS}}\{{WHEEL}}"
set "STAMP=.venv\{{STAMP}}"

findstr /x /c:"%BUNDLE%" "%STAMP%" >nul 2>nul && goto mo_khoa_hoc
echo Lần chạy đầu: cài các gói Python của khóa học vào .venv (cần Internet, vài phút).
if exist ".venv\Scripts\python.exe" goto cai_goi

set "PY="
py -3 -c "import sys; sys.exit(sys.version_info < (3, 11))" >nul 2>nul && set "PY=py -3"
if not defined PY python -c "import sys; sys.exit(sys.version_info < (3, 11))" >nul 2>nul && set "PY=python"
if not defined PY goto khong_co_python
%PY% -m venv .venv || goto loi_venv

:cai_goi
".venv\Scripts\python.exe" -m pip install --disable-pip-version-check -r requirements.txt "%WHEEL%" || goto loi_cai
> "%STAMP%" echo %BUNDLE%
echo Đã cài xong. Từ nay mở khóa học không cần Internet.

:mo_khoa_hoc
".venv\Scripts\langnghe.exe" lab %*
if errorlevel 1 pause
goto :eof

:khong_co_python
echo Không tìm thấy Python 3.11 trở lên trên máy này.
echo Hãy cài Python từ https://www.python.org/downloads/ - khi cài, đánh dấu ô "Add python.exe to PATH" -
echo rồi bấm đúp lại vào bat-dau.bat.
pause
exit /b 1

:loi_venv
echo Không tạo được môi trường Python .venv. Hãy xóa thư mục .venv nếu có, rồi bấm đúp lại vào bat-dau.bat.
pause
exit /b 1

:loi_cai
echo Cài các gói chưa xong, có thể do mất mạng. Kiểm tra Internet rồi bấm đúp lại vào bat-dau.bat.
pause
exit /b 1
