// The viridis colour map as NVIDIA's visualizer samples it for the FFT view
// (viz/renderer.py _apply_cmap: matplotlib's 'viridis' at 1024 evenly spaced
// points, as bytes). Viridis (van der Walt, Smith, Firing) is in the public
// domain (CC0); the 256 entries are matplotlib's, times 255, truncated.
// Torch-free.
#pragma once

#include <array>
#include <cstdint>

namespace stylemix {

constexpr int kViridisSamples = 1024;

// RGB of sample i in [0, 1024): matplotlib's colormap(linspace(0, 1, 1024), bytes=True)[i].
std::array<std::uint8_t, 3> viridisSample(int i);

}  // namespace stylemix
