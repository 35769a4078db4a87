#!/usr/bin/env bash
# Gradescope runs this once when it builds the autograder image. Upload a zip holding
# setup.sh, run_autograder and the kit in a folder named kit/.
set -euo pipefail
apt-get update
apt-get install -y python3 python3-venv
python3 -m venv /autograder/venv
/autograder/venv/bin/pip install /autograder/source/kit
