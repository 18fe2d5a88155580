#include "model/core/layer_view.h"

namespace stylemix {

bool LayerViewSettings::operator==(const LayerViewSettings& o) const {
    return display == o.display && base_channel == o.base_channel && sel_channels == o.sel_channels &&
           normalize == o.normalize && gain_db == o.gain_db && fft == o.fft && fft_all == o.fft_all &&
           fft_range_db == o.fft_range_db && fft_beta == o.fft_beta && untransform == o.untransform;
}

}  // namespace stylemix
