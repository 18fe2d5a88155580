// This process's clock and memory as Linux reports them (/proc/self), for the
// explorer's startup timeline and memory traces. Best effort: -1 when unknown.
#pragma once

namespace stylemix::gui {

// Milliseconds since the process was started (exec), 10 ms resolution; this
// includes the dynamic loader and LibTorch's static initialisation before main.
double msSinceProcessStart();
// Resident set size now (VmRSS) and its peak so far (getrusage), in MiB.
double residentMiB();
double peakResidentMiB();

}  // namespace stylemix::gui
