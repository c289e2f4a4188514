"""nbgrader configuration: this repository is the course directory.

solutions/<assignment>/  instructor versions (the one place an exercise is written)
exercises/<assignment>/  student versions, generated: `langnghe release`
"""

import os

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = "langnghe"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"

# A trainee's cell that runs longer than this is stopped (an endless loop must not hang grading).
c.Execute.timeout = 10

# What a trainee sees in place of the instructor's answer.
c.ClearSolutions.code_stub = {
    "python": '# VIẾT CODE CỦA BẠN Ở ĐÂY (xóa dòng raise bên dưới)\n'
              'raise NotImplementedError("Bạn chưa làm câu này")'
}
c.ClearSolutions.text_stub = "VIẾT CÂU TRẢ LỜI CỦA BẠN Ở ĐÂY"
