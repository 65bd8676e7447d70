#!/usr/bin/env bash
# Re-renders an archive on a Slurm cluster: one array task per shard. Each task runs
# the same command; `broadsheet batch` reads SLURM_ARRAY_TASK_ID (relative to
# SLURM_ARRAY_TASK_MIN) and SLURM_ARRAY_TASK_COUNT and renders its slice. All tasks
# write to one shared OUT_DIR (each issue's outputs are its own files, written
# atomically); the last task to finish builds index.json/index.html and the volumes.
# A failed or pre-empted task can simply be re-run: finished issues are skipped.
#
#   sbatch --array=0-49 deploy/slurm-array.sh /shared/archive /shared/out
#
# Extra options (e.g. --volume month --png --alto) go in BATCH_OPTIONS.
#SBATCH --job-name=broadsheet-batch
#SBATCH --cpus-per-task=4
#SBATCH --mem=2G
#SBATCH --time=04:00:00
#SBATCH --output=broadsheet-batch-%A_%a.log
set -euo pipefail
archive=${1:?usage: sbatch --array=0-N deploy/slurm-array.sh ARCHIVE_DIR OUT_DIR}
out=${2:?usage: sbatch --array=0-N deploy/slurm-array.sh ARCHIVE_DIR OUT_DIR}
broadsheet=${BROADSHEET:-broadsheet}
# Exit 1 (some issues failed) is a finished task; only 2 (could not run) should fail it.
status=0
# shellcheck disable=SC2086
"$broadsheet" batch "$archive" -o "$out" --jobs "${SLURM_CPUS_PER_TASK:-1}" ${BATCH_OPTIONS:-} || status=$?
[ "$status" -le 1 ] || exit "$status"
