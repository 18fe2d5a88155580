// K, the realisations per layer of noise by layer: the engine, the CLI and recipes share the range.
#pragma once

namespace stylemix {

constexpr int kMinNoiseByLayerSamples = 2;   // one realisation has no spread
constexpr int kMaxNoiseByLayerSamples = 100000;

}  // namespace stylemix
