@echo off
rem Mở khóa học langnghe trên Windows: bấm đúp vào tệp này.
{% if OFFLINE %}rem Lần đầu: tạo môi trường Python .venv ngay cạnh tệp này và cài các gói của khóa học từ thư mục
rem {{WHEELS}} (không cần Internet; bộ này dành cho {{TARGET_LABEL}}, Python {{PYTHON_MIN}} đến {{PYTHON_MAX}}).
{% else %}rem Lần đầu: tạo môi trường Python .venv ngay cạnh tệp này và cài các gói của khóa học (cần Internet).
{% endif %}rem Mọi lần: mở JupyterLab tiếng Việt ở trang bắt đầu (không cần mạng).
rem Tham số được chuyển cho "langnghe lab", ví dụ: bat-dau.bat --port 8889
chcp 65001 >nul
setlocal
cd /d "%~dp0"
set "BUNDLE={{NAME}}"
set "WHEEL={{WHEELS}}\{{WHEEL}}"
set "STAMP=.venv\{{STAMP}}"

findstr /x /c:"%BUNDLE%" "%STAMP%" >nul 2>nul && goto mo_khoa_hoc
{% if OFFLINE %}echo Lần chạy đầu: cài các gói Python của khóa học vào .venv từ thư mục {{WHEELS}} (không cần Internet, vài phút).
{% else %}echo Lần chạy đầu: cài các gói Python của khóa học vào .venv (cần Internet, vài phút).
{% endif %}if exist ".venv\Scripts\python.exe" goto cai_goi

set "PY="
{% if OFFLINE %}rem Only the Python versions the bundled wheels are built for, newest first.
{% for v in PYTHONS|reverse %}if not defined PY py -{{v}} -c "import sys" >nul 2>nul && set "PY=py -{{v}}"
{% endfor %}if not defined PY python -c "import sys; sys.exit(not ({{PYTHON_MIN.replace(".", ", ")}}) <= sys.version_info[:2] <= ({{PYTHON_MAX.replace(".", ", ")}}))" >nul 2>nul && set "PY=python"
{% else %}py -3 -c "import sys; sys.exit(sys.version_info < (3, 11))" >nul 2>nul && set "PY=py -3"
if not defined PY python -c "import sys; sys.exit(sys.version_info < (3, 11))" >nul 2>nul && set "PY=python"
{% endif %}if not defined PY goto khong_co_python
%PY% -m venv .venv || goto loi_venv

:cai_goi
{% if OFFLINE %}rem --isolated: no pip settings of this computer; --no-index: only the files in {{WHEELS}}.
".venv\Scripts\python.exe" -m pip install --isolated --disable-pip-version-check --no-index --find-links {{WHEELS}} -r requirements.txt "%WHEEL%" || goto loi_cai
{% else %}".venv\Scripts\python.exe" -m pip install --disable-pip-version-check -r requirements.txt "%WHEEL%" || goto loi_cai
{% endif %}> "%STAMP%" echo %BUNDLE%
echo Đã cài xong. Từ nay mở khóa học không cần Internet.

:mo_khoa_hoc
".venv\Scripts\langnghe.exe" lab %*
if errorlevel 1 pause
goto :eof

:khong_co_python
{% if OFFLINE %}echo Không tìm thấy Python {{PYTHON_MIN}} đến {{PYTHON_MAX}} trên máy này (bộ cài không cần mạng chỉ mang gói cho các phiên bản đó).
echo Hãy cài Python {{PYTHON_MAX}} từ https://www.python.org/downloads/ - khi cài, đánh dấu ô "Add python.exe to PATH" -
{% else %}echo Không tìm thấy Python 3.11 trở lên trên máy này.
echo Hãy cài Python từ https://www.python.org/downloads/ - khi cài, đánh dấu ô "Add python.exe to PATH" -
{% endif %}echo rồi bấm đúp lại vào bat-dau.bat.
pause
exit /b 1

:loi_venv
echo Không tạo được môi trường Python .venv. Hãy xóa thư mục .venv nếu có, rồi bấm đúp lại vào bat-dau.bat.
pause
exit /b 1

:loi_cai
{% if OFFLINE %}echo Cài các gói chưa xong. Bộ cài này dành cho {{TARGET_LABEL}}, Python {{PYTHON_MIN}} đến {{PYTHON_MAX}}.
echo Hãy xóa thư mục .venv rồi bấm đúp lại vào bat-dau.bat.
{% else %}echo Cài các gói chưa xong, có thể do mất mạng. Kiểm tra Internet rồi bấm đúp lại vào bat-dau.bat.
{% endif %}pause
exit /b 1
