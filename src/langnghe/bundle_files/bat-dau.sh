#!/bin/sh
# Mở khóa học langnghe trên Linux hoặc macOS. Chạy trong cửa sổ dòng lệnh: sh bat-dau.sh
{% if OFFLINE %}# Lần đầu: tạo môi trường Python .venv/ ngay cạnh tệp này và cài các gói của khóa học từ thư mục
# {{WHEELS}}/ (không cần Internet; bộ này dành cho {{TARGET_LABEL}}, Python {{PYTHON_MIN}} đến {{PYTHON_MAX}}).
{% else %}# Lần đầu: tạo môi trường Python .venv/ ngay cạnh tệp này và cài các gói của khóa học (cần Internet).
{% endif %}# Mọi lần: mở JupyterLab tiếng Việt ở trang bắt đầu (không cần mạng).
# Tham số được chuyển cho `langnghe lab`, ví dụ: sh bat-dau.sh --port 8889 --no-browser
set -eu
cd "$(dirname "$0")"
BUNDLE="{{NAME}}"
WHEEL="{{WHEELS}}/{{WHEEL}}"
STAMP=".venv/{{STAMP}}"

if [ "$(cat "$STAMP" 2>/dev/null || true)" != "$BUNDLE" ]; then
{% if OFFLINE %}    echo "Lần chạy đầu: cài các gói Python của khóa học vào .venv/ từ thư mục {{WHEELS}}/ (không cần Internet, vài phút)."
{% else %}    echo "Lần chạy đầu: cài các gói Python của khóa học vào .venv/ (cần Internet, vài phút)."
{% endif %}    if [ ! -x .venv/bin/python ]; then
        FOUND=""
{% if OFFLINE %}        # Only the Python versions the bundled wheels are built for, newest first.
        for candidate in ${PYTHON:-}{% for v in PYTHONS|reverse %} python{{v}}{% endfor %} python3 python; do
            if command -v "$candidate" >/dev/null 2>&1 &&
                "$candidate" -c 'import sys; sys.exit(not ({{PYTHON_MIN.replace(".", ", ")}}) <= sys.version_info[:2] <= ({{PYTHON_MAX.replace(".", ", ")}}))' 2>/dev/null; then
{% else %}        for candidate in ${PYTHON:-} python3 python3.14 python3.13 python3.12 python3.11 python; do
            if command -v "$candidate" >/dev/null 2>&1 &&
                "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
{% endif %}                FOUND="$candidate"
                break
            fi
        done
        if [ -z "$FOUND" ]; then
{% if OFFLINE %}            echo "Không tìm thấy Python {{PYTHON_MIN}} đến {{PYTHON_MAX}} trên máy này (bộ cài không cần mạng chỉ mang gói cho các phiên bản đó)." >&2
{% else %}            echo "Không tìm thấy Python 3.11 trở lên trên máy này." >&2
{% endif %}            echo "Hãy cài Python (Ubuntu/Debian: sudo apt install python3 python3-venv; macOS: tải từ python.org)," >&2
            echo "rồi chạy lại: sh bat-dau.sh" >&2
            exit 1
        fi
        if ! "$FOUND" -m venv .venv; then
            rm -rf .venv
            echo "Không tạo được môi trường Python .venv/." >&2
            echo "Trên Ubuntu/Debian, hãy cài thêm gói python3-venv (sudo apt install python3-venv) rồi chạy lại." >&2
            exit 1
        fi
    fi
{% if OFFLINE %}    # --isolated: no pip settings of this computer; --no-index: only the files in {{WHEELS}}/.
    if ! .venv/bin/python -m pip install --isolated --disable-pip-version-check --no-index \
            --find-links {{WHEELS}} -r requirements.txt "$WHEEL"; then
        echo "Cài các gói chưa xong. Bộ cài này dành cho {{TARGET_LABEL}}, Python {{PYTHON_MIN}} đến {{PYTHON_MAX}}." >&2
        echo "Nếu máy khác loại, hãy dùng bộ cài của loại máy đó. Nếu đúng loại, xóa thư mục .venv rồi chạy lại: sh bat-dau.sh" >&2
        exit 1
    fi
{% else %}    if ! .venv/bin/python -m pip install --disable-pip-version-check -r requirements.txt "$WHEEL"; then
        echo "Cài các gói chưa xong (có thể do mất mạng). Kiểm tra Internet rồi chạy lại: sh bat-dau.sh" >&2
        exit 1
    fi
{% endif %}    echo "$BUNDLE" > "$STAMP"
    echo "Đã cài xong. Từ nay mở khóa học không cần Internet."
fi

exec .venv/bin/langnghe lab "$@"
