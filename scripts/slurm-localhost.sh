#!/usr/bin/env bash
# A single-node Slurm on localhost, for selab's Slurm test (and for trying `./selab slurm --submit` by hand).
# Needs root and Debian's slurm-wlm + munge (apt-get install slurm-wlm munge). Loopback only.
#   scripts/slurm-localhost.sh start   # configure and start munged, slurmctld, slurmd; waits until the node is idle
#   scripts/slurm-localhost.sh stop
#   scripts/slurm-localhost.sh status  # exit 0 when the node answers
set -euo pipefail
state=/tmp/selab-slurm
conf=/etc/slurm/slurm.conf

die() { echo "slurm-localhost: $*" >&2; exit 1; }

start() {
  [[ $(id -u) -eq 0 ]] || die "needs root (it writes $conf and starts the daemons)"
  for b in munged slurmctld slurmd sinfo; do command -v "$b" >/dev/null || die "$b not found: apt-get install slurm-wlm munge"; done
  mkdir -p "$state"/{ctld,spool,log} /etc/slurm /etc/munge /run/munge /var/log/munge /var/lib/munge
  if [[ ! -s /etc/munge/munge.key ]]; then
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
  fi
  chown -R munge:munge /etc/munge /run/munge /var/log/munge /var/lib/munge 2>/dev/null || true
  chmod 0400 /etc/munge/munge.key
  pgrep -x munged >/dev/null || runuser -u munge -- /usr/sbin/munged --force 2>/dev/null || /usr/sbin/munged --force
  local cpus mem
  cpus=$(nproc)
  mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 1024 ))
  cat > "$conf" <<CONF
# Written by selab's scripts/slurm-localhost.sh: one node, localhost only, no cgroups.
ClusterName=selab
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/spool
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/log/slurmctld.log
SlurmdLogFile=$state/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
ReturnToService=2
SchedulerType=sched/backfill
MpiDefault=none
SlurmctldTimeout=30
SlurmdTimeout=30
KillWait=30
JobRequeue=1
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
CONF
  pgrep -x slurmctld >/dev/null || /usr/sbin/slurmctld -i
  pgrep -x slurmd >/dev/null || /usr/sbin/slurmd
  for _ in $(seq 60); do
    if sinfo -h -N -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then
      echo "slurm-localhost: node localhost is up ($cpus CPUs, ${mem} MB)"; return 0
    fi
    sleep 1
  done
  scontrol update nodename=localhost state=resume 2>/dev/null || true
  sinfo -h -N -o '%T' | grep -qE '^(idle|mixed|allocated)' && return 0
  die "the node did not come up; see $state/log/"
}

stop() {
  pkill -x slurmd 2>/dev/null || true
  pkill -x slurmctld 2>/dev/null || true
  echo "slurm-localhost: stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) sinfo -h -N -o '%N %T' ;;
  *) die "usage: $0 start|stop|status" ;;
esac
