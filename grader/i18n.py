"""The few sentences the grader says to people, in English and Chinese."""

from __future__ import annotations

import os

_MESSAGES: dict[str, dict[str, str]] = {
    "total": {"en": "Total", "zh": "总分"},
    "exercise": {"en": "Exercise", "zh": "练习"},
    "score": {"en": "Score", "zh": "得分"},
    "status": {"en": "Status", "zh": "状态"},
    "tests": {"en": "Tests", "zh": "测试"},
    "hidden_not_run": {
        "en": "Only the public tests were run. Hidden tests are run when your work is graded.",
        "zh": "这里只运行了公开测试。隐藏测试会在正式评分时运行。",
    },
    "hint": {"en": "Hint", "zh": "提示"},
    "output": {"en": "Your program printed", "zh": "你的程序输出了"},
    "report_cut": {
        "en": "[... report cut here: {total} bytes in all, over the page limit; "
        "the HTML report has it all ...]",
        "zh": "[... 报告在此截断：共 {total} 字节，超过页面上限；完整内容见 HTML 报告 ...]",
    },
    "passed_folded": {"en": "{count} tests passed", "zh": "{count} 个测试通过"},
    "output_withheld": {
        "en": "Output not shown: hidden tests ran (course setting)",
        "zh": "未显示程序输出：运行了隐藏测试（课程设置）",
    },
    "ignored": {"en": "Ignored files (never run)", "zh": "已忽略的文件（不会被运行）"},
    "containment": {"en": "Containment", "zh": "隔离方式"},
    "grader_error": {
        "en": "The grader itself failed on some exercises; these scores are not final.",
        "zh": "评分程序本身在部分练习上出错；这些分数不是最终结果。",
    },
    "all_passed": {"en": "All tests passed. Well done!", "zh": "所有测试都通过了，做得好！"},
    "hidden_test": {"en": "hidden test", "zh": "隐藏测试"},
    "passed": {"en": "passed", "zh": "通过"},
    "failed": {"en": "failed", "zh": "未通过"},
    "error": {"en": "error", "zh": "错误"},
    "timeout": {"en": "timeout", "zh": "超时"},
    "skipped": {"en": "skipped", "zh": "跳过"},
    "not submitted": {"en": "not submitted", "zh": "未提交"},
    # A module of an exercise: not submitted, or not importable (the why said once, in
    # the exercise's message; each of its tests says "see above").
    "import.not_submitted": {"en": "not submitted: {module}", "zh": "未提交：{module}"},
    "import.see_above": {
        "en": "cannot import {module} (see above)",
        "zh": "无法导入 {module}（原因见上文）",
    },
    "import.cannot": {"en": "cannot import {module}: {why}", "zh": "无法导入 {module}：{why}"},
    "import.missing": {"en": " (missing: {files})", "zh": "（未提交：{files}）"},
    "tests_passed": {"en": "{passed}/{total} tests passed", "zh": "通过 {passed}/{total} 个测试"},
    "all_tests_passed": {"en": "all {total} tests passed", "zh": "全部 {total} 个测试通过"},
    "public": {"en": "public tests", "zh": "公开测试"},
    "hidden": {"en": "hidden tests", "zh": "隐藏测试"},
    "summary_all_passed": {"en": "{kind}: all passed", "zh": "{kind}：全部通过"},
    "summary_failed": {
        "en": "{kind}: {failed} of {total} failed",
        "zh": "{kind}：{total} 个中有 {failed} 个未通过",
    },
    "summary_join": {"en": "; ", "zh": "; "},
    "summary_not_shown": {
        "en": "{kind}: not shown individually ({score} of {max} points)",
        "zh": "{kind}：不单独显示（得 {score}/{max} 分）",
    },
    "hidden_combined": {
        "en": "{count} hidden tests (not shown individually)",
        "zh": "{count} 个隐藏测试（不单独显示）",
    },
    "hidden_combined_failed": {
        "en": "some hidden tests failed",
        "zh": "部分隐藏测试未通过",
    },
    "timed_out_after": {"en": "timed out after {limit} s", "zh": "{limit} 秒后超时"},
    "truncated": {
        "en": "[... truncated: {count} characters in all ...]",
        "zh": "[... 已截断：共 {count} 个字符 ...]",
    },
    "truncated_printed": {
        "en": "[... truncated: {total} bytes printed in all ...]",
        "zh": "[... 已截断：共输出 {total} 字节 ...]",
    },
    "exercise_grader_error": {
        "en": "grader error: the grader failed here, not your code; this score is not final",
        "zh": "评分程序错误：出错的是评分程序，不是你的代码；这个分数不是最终结果",
    },
    "report_title": {"en": "Grading report", "zh": "评分报告"},
    "points": {"en": "Points", "zh": "分数"},
    "test": {"en": "Test", "zh": "测试"},
    "message": {"en": "Message", "zh": "说明"},
    "submission": {"en": "Submission", "zh": "提交"},
    "grader_version": {"en": "Grader version", "zh": "评分程序版本"},
    "sha256": {"en": "Submission SHA-256", "zh": "提交的 SHA-256"},
    "graded_at": {"en": "Graded at", "zh": "评分时间"},
    "hints": {"en": "Hints", "zh": "提示"},
    "output_truncated": {
        "en": "{total} bytes printed; the middle was left out",
        "zh": "共输出 {total} 字节；中间部分已省略",
    },
    "visibility_public": {"en": "public", "zh": "公开"},
    "visibility_hidden": {"en": "hidden", "zh": "隐藏"},
    # The late policy of course.yaml's schedule (grade --submitted-at).
    "late.on_time": {
        "en": "On time: submitted {when}, full credit{own}: final {final}/{max} (raw {raw}/{max})",
        "zh": "按时提交：提交于 {when}，全额计分{own}："
        "最终得分 {final}/{max}（原始得分 {raw}/{max}）",
    },
    "late.late": {
        "en": "Late: submitted {when}, {credit} credit{own}: final {final}/{max} (raw {raw}/{max})",
        "zh": "迟交：提交于 {when}，按 {credit} 计分{own}："
        "最终得分 {final}/{max}（原始得分 {raw}/{max}）",
    },
    "late.too_late": {
        "en": "Too late: submitted {when}, after the last late deadline, no credit{own}: "
        "final {final}/{max} (raw {raw}/{max})",
        "zh": "超过迟交期限：提交于 {when}，晚于最后的迟交截止时间，不计分{own}："
        "最终得分 {final}/{max}（原始得分 {raw}/{max}）",
    },
    "late.own": {
        "en": " (by an exercise's own due date: {exercises})",
        "zh": "（按练习自己的截止时间：{exercises}）",
    },
    "late.tests_raw": {
        "en": "The tests' points are before the late credit.",
        "zh": "各测试的分数是迟交折算前的分数。",
    },
    # Generic messages of hidden tests, by failure kind.
    "failure.assertion": {
        "en": "a result did not match the specification",
        "zh": "结果与规格说明不符",
    },
    "failure.student_exception": {
        "en": "your code raised {name}",
        "zh": "你的代码抛出了 {name}",
    },
    "failure.timeout": {"en": "timed out", "zh": "超时"},
    "failure.not_plain": {
        "en": "a result was not plain data (e.g. an object where a value was expected)",
        "zh": "结果不是普通数据（例如应该返回值的地方返回了对象）",
    },
    # What the engine says about a test's end (recorded in English from these entries;
    # shown in the reader's language by grader/render/localize.py).
    "engine.test_time_limit": {
        "en": "the test did not finish within its time limit",
        "zh": "测试没有在它的时限内完成",
    },
    "engine.exercise_out_of_time": {
        "en": "the exercise ran out of time ({limit} s) before this test ended",
        "zh": "这个测试结束之前，整个练习已用完它的时间（{limit} 秒）",
    },
    "engine.no_result": {
        "en": "no result was recorded for this test",
        "zh": "这个测试没有留下结果",
    },
    "engine.process_gone": {"en": "the student process is gone", "zh": "学生进程已经不在了"},
    "engine.channel_closed": {
        "en": "the student process closed its channel",
        "zh": "学生进程关闭了它与评分程序的通信通道",
    },
    "engine.killed_at_limit": {
        "en": "the student process was killed by {signal} (memory or CPU limit?)",
        "zh": "学生进程被 {signal} 终止（超出了内存或 CPU 限制？）",
    },
    "engine.killed": {
        "en": "the student process was killed by {signal}",
        "zh": "学生进程被 {signal} 终止",
    },
    "engine.exited": {
        "en": "the student process exited with status {code} (sys.exit or os._exit?)",
        "zh": "学生进程以状态 {code} 退出（调用了 sys.exit 或 os._exit？）",
    },
    "failure.crash": {
        "en": "your program ended or crashed during the test",
        "zh": "测试过程中你的程序退出或崩溃了",
    },
    # A public-only run (grader check, grade --public-only): counts of public tests, no
    # points, which would look like the grade (grader/render/terminal.py).
    "not_started": {
        "en": "not started: the stub still raises NotImplementedError",
        "zh": "尚未开始：存根仍然抛出 NotImplementedError",
    },
    "public_count": {"en": "public tests {passed}/{total}", "zh": "公开测试 {passed}/{total}"},
    "public_pass": {
        "en": "all public tests pass ({total}/{total})",
        "zh": "公开测试全部通过（{total}/{total}）",
    },
    "public_total": {
        "en": "Public tests: {passed}/{total} passed. "
        "Your grade also counts hidden tests, run when your work is graded.",
        "zh": "公开测试：通过 {passed}/{total}。你的成绩还包括隐藏测试，它们会在正式评分时运行。",
    },
    "public_total_all": {
        "en": "All public tests pass ({total}/{total}). "
        "Your grade also counts hidden tests, run when your work is graded.",
        "zh": "公开测试全部通过（{total}/{total}）。"
        "你的成绩还包括隐藏测试，它们会在正式评分时运行。",
    },
    "n_tests": {"en": "{count} tests", "zh": "{count} 个测试"},
    # The student's loop: grader check, list, next, watch (grader/student/).
    "checking": {"en": "checking {id}", "zh": "正在检查 {id}"},
    "progress.not_checked": {"en": "not checked", "zh": "未检查"},
    "progress.not_started": {"en": "not started", "zh": "尚未开始"},
    "progress.passing": {"en": "public tests pass", "zh": "公开测试通过"},
    "progress.changed": {"en": "changed since last check", "zh": "上次检查后已修改"},
    "progress.error": {"en": "error", "zh": "错误"},
    "list.number": {"en": "#", "zh": "#"},
    "list.title": {"en": "Title", "zh": "标题"},
    "list.due": {"en": "Due", "zh": "截止时间"},
    "list.none": {"en": "-", "zh": "-"},
    "next.exercise": {"en": "Next: {id}  {title}", "zh": "下一个：{id}  {title}"},
    "next.status": {"en": "Now: {status}", "zh": "目前：{status}"},
    "next.spec": {"en": "Read the spec: {path}", "zh": "阅读规格说明：{path}"},
    "next.run": {
        "en": "Then run: {check}   (stuck? {hint})",
        "zh": "然后运行：{check}   （卡住了？{hint}）",
    },
    "next.done": {
        "en": "All public tests pass in every exercise. "
        "Your grade also counts hidden tests, run when your work is graded.",
        "zh": "所有练习的公开测试都通过了。你的成绩还包括隐藏测试，它们会在正式评分时运行。",
    },
    "watch.watching": {
        "en": "watching {folder}: {ids} (Ctrl-C to stop)",
        "zh": "正在监视 {folder}：{ids}（按 Ctrl-C 停止）",
    },
    "watch.changed": {"en": "changed: {files}", "zh": "已修改：{files}"},
    "watch.stopped": {"en": "stopped watching", "zh": "已停止监视"},
    # What a failure was about (grader/remote/messages.py); shown in Chinese by matching
    # the English sentence (grader/render/common.py `localized`).
    "not_plain.compared": {
        "en": "not plain data: {subject} is {described}; the test compared it ({op}) "
        "with a plain {other}: {advice}",
        "zh": "不是普通数据：{subject} 是{described}；"
        "测试把它与普通的 {other} 比较（{op}）：{advice}",
    },
    "not_plain.truth": {
        "en": "not plain data: the test needed the truth value of {subject}, "
        "which is {described}: {advice}",
        "zh": "不是普通数据：测试需要 {subject} 的真假值，而它是{described}：{advice}",
    },
    "subject.unknown": {"en": "a student object", "zh": "一个学生对象"},
    "describe.method": {
        "en": "the method {name} (a bound method object), not a value",
        "zh": "方法 {name}（绑定方法对象），不是一个值",
    },
    "describe.function": {
        "en": "the function {name}, not a value",
        "zh": "函数 {name}，不是一个值",
    },
    "describe.class": {"en": "the class {name}, not a value", "zh": "类 {name}，不是一个值"},
    "describe.module": {"en": "the module {name}, not a value", "zh": "模块 {name}，不是一个值"},
    "describe.subclass": {
        "en": "an instance of {name} (a subclass of {base}), not a plain {base}",
        "zh": "{name} 的实例（{base} 的子类），不是普通的 {base}",
    },
    "describe.instance": {
        "en": "an instance of your class {name}",
        "zh": "你的类 {name} 的实例",
    },
    "describe.object": {"en": "a {name} object", "zh": "一个 {name} 对象"},
    "describe.unknown": {"en": "an object of your code", "zh": "你的代码中的一个对象"},
    "advice.property": {
        "en": "{attr} is a method, not a property; if {attr} is meant to be read as a value, "
        "did you forget @property?",
        "zh": "{attr} 是方法，不是属性（property）；如果 {attr} 应该像值一样读取，"
        "是不是忘了写 @property？",
    },
    "advice.call": {
        "en": "the test expected a value here, not a function",
        "zh": "测试在这里需要一个值，而不是函数",
    },
    "advice.plain": {
        "en": "the result must be plain data (int, str, list, dict...)",
        "zh": "结果必须是普通数据（int、str、list、dict 等）",
    },
    "advice.subclass": {
        "en": "return a plain {base}",
        "zh": "请返回普通的 {base}",
    },
    "timeout.call": {
        "en": "student code did not answer within {limit} s: {what} did not finish{where}; "
        "its process was stopped",
        "zh": "学生代码在 {limit} 秒内没有响应：{what}没有结束{where}；它的进程已被停止",
    },
    "timeout.what_call": {"en": "the call {name}(...)", "zh": "调用 {name}(...) "},
    "timeout.what_attribute": {"en": "reading {name}", "zh": "读取 {name} "},
    "timeout.what_operation": {"en": "{op} on {name}", "zh": "对 {name} 的 {op} 操作"},
    "timeout.what_unknown": {"en": "a request ({op})", "zh": "一个请求（{op}）"},
    "timeout.where": {
        "en": " (it was running {file} line {line}, in {function})",
        "zh": "（当时正在运行 {file} 第 {line} 行，{function} 中）",
    },
    # The class report (grader grade-class): for the teacher.
    "class.title": {"en": "Class report", "zh": "班级报告"},
    "class.students": {"en": "Students", "zh": "学生"},
    "class.submitted": {"en": "submitted", "zh": "已提交"},
    "class.mean": {"en": "Mean", "zh": "平均分"},
    "class.median": {"en": "Median", "zh": "中位数"},
    "class.full_marks": {"en": "Full marks", "zh": "满分比例"},
    "class.histogram": {"en": "Final scores", "zh": "最终得分分布"},
    "class.exercises": {"en": "Exercises", "zh": "练习"},
    "class.most_failed": {"en": "Tests failed most often", "zh": "最常未通过的测试"},
    "class.failed_share": {"en": "Failed", "zh": "未通过比例"},
    "class.no_failures": {"en": "No test failed.", "zh": "没有未通过的测试。"},
    "class.id": {"en": "Student", "zh": "学生"},
    "class.name": {"en": "Name", "zh": "姓名"},
    "class.raw": {"en": "Raw", "zh": "原始分"},
    "class.credit": {"en": "Late credit", "zh": "迟交系数"},
    "class.final": {"en": "Final", "zh": "最终分"},
    "class.submitted_at": {"en": "Submitted at", "zh": "提交时间"},
    "class.flags": {"en": "Flags", "zh": "标记"},
    "class.grader_errors": {"en": "Grader errors", "zh": "评分程序错误"},
    "class.grader_errors_note": {
        "en": "The grader itself failed here, not the student's code: these scores are not final.",
        "zh": "出错的是评分程序，不是学生的代码：这些分数不是最终结果。",
    },
    "class.timeouts": {"en": "Timeouts", "zh": "超时"},
    "class.late": {"en": "Late or without a submission time", "zh": "迟交或无提交时间"},
    "class.problems": {"en": "Not graded", "zh": "未评分"},
    "class.none": {"en": "None.", "zh": "无。"},
    "class.report_link": {"en": "report", "zh": "报告"},
    "class.layout": {"en": "Read as", "zh": "读取方式"},
    "class.kit": {"en": "Kit SHA-256", "zh": "课程包 SHA-256"},
    "class.generated": {"en": "Generated at", "zh": "生成时间"},
    "flag.late": {"en": "late", "zh": "迟交"},
    "flag.too late": {"en": "too late", "zh": "超过迟交期限"},
    "flag.no submission time": {"en": "no submission time", "zh": "无提交时间"},
    "flag.marked late by the LMS": {"en": "marked late by the LMS", "zh": "教学平台标记为迟交"},
    "flag.not submitted": {"en": "not submitted", "zh": "未提交"},
    "flag.grader error": {"en": "grader error", "zh": "评分程序错误"},
    "flag.timeout": {"en": "timeout", "zh": "超时"},
    "flag.files not used": {"en": "files not used", "zh": "有未使用的文件"},
}


def default_language() -> str:
    for variable in ("GRADER_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def t(key: str, lang: str, **values: object) -> str:
    entry = _MESSAGES.get(key)
    if entry is None:
        return key
    text = entry["zh"] if lang == "zh" else entry["en"]
    return text.format(**values) if values else text
