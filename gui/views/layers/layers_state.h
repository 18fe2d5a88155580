// The layer view's settings (LayersTab keeps them; nothing else edits them):
// which activation, and how to show it, as NVIDIA's visualizer's layer widget
// offers (viz/layer_widget.py: RGB or one channel, base channel, normalise,
// scale in dB, FFT with its range and Kaiser beta; untransform from its
// transform widget) plus mean |x| over all channels. Plain data.
#pragma once

#include <string>

namespace stylemix::gui {

enum class LayerShow {
    Channel,   // one channel from base_channel, grey
    Rgb,       // three channels from base_channel as RGB (the visualizer's default)
    MeanAbs,   // mean |x| over every channel, grey
};

struct LayersState {
    static constexpr float kMinGainDb = -40, kMaxGainDb = 40;       // the visualizer's ranges
    static constexpr float kMinFftRangeDb = 0.1f, kMaxFftRangeDb = 100;
    static constexpr float kMaxFftBeta = 50;
    std::string layer;       // an activation's name; empty or unknown: the last one ("output"), as the visualizer
    std::string filter;      // the layer list shows names containing this (any case)
    LayerShow show = LayerShow::Rgb;
    int base_channel = 0;    // clamped to the layer's channels when the request is built
    bool normalize = false;
    float gain_db = 0;
    bool fft = false;
    bool fft_all = true;     // the spectrum of every channel (else of the selection)
    float fft_range_db = 50;
    float fft_beta = 8;
    bool untransform = false;   // StyleGAN3 only: undo the input transform first
};

}  // namespace stylemix::gui
