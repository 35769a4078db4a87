#!/usr/bin/env bash
# Gradescope runs this once when it builds the autograder image. Upload a zip holding
# setup.sh, run_autograder and a grading bundle in a folder named kit/ (never the kit
# itself: no solutions/, no .git), made in the kit with:
#   grader bundle --for grading build/kit && cp docs/ci/gradescope/* build/
#   (cd build && zip -r ../autograder.zip setup.sh run_autograder kit)
set -euo pipefail
apt-get update
apt-get install -y python3 python3-venv
python3 -m venv /autograder/venv
/autograder/venv/bin/pip install /autograder/source/kit
# Student code runs as an unprivileged user: the hidden tests are for root only.
chmod -R go-rwx /autograder/source/kit/tests
