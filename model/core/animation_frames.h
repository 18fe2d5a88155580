// Where each frame of an animation sits (docs/explorer.md, "Motion"); the engine
// renders by these and the explorer may show them. Torch-free.
//
// Sweeps and walks are loops there and back: frame f of n sits at
// t = 2·min(f, n − f) / n, so frame 0 is the start (t = 0), frame n/2 the far
// end (t = 1, for even n), and frame f and frame n − f are the same image.
#pragma once

namespace stylemix {

// The loop position t in [0, 1] of frame `frame` (0..frames-1); 0 for a single frame.
double loopPosition(int frame, int frames);
// The frame before the far end with the same position (f itself up to n/2, else n − f).
int mirrorFrame(int frame, int frames);

// A crossover sweep moves across the ws B gives (the cell's styles in ascending
// order; all ws when it takes none), one position per ws: at loop position t
// the point is t · count (0 = all A, count = the full mix, the cell itself).
double sweepCrossover(double t, int count);
// How much of B the k-th of those ws takes at crossover point `c`: clamp(c − k, 0, 1)
// (those below the point are B's, the one at it blends linearly, those above are A's).
double sweepWeight(double crossover, int k);

}  // namespace stylemix
