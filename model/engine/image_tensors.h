// Generator output tensors as 8-bit images, exactly as NVIDIA's scripts
// convert them; shared by the engine and the Python module.
#pragma once

#include "model/io/image_io.h"

#include <torch/torch.h>

#include <cstdint>
#include <cstring>
#include <vector>

namespace stylemix {

// gen_images.py's conversion: (x * 127.5 + 128).clamp(0, 255) truncated to uint8, NCHW -> NHWC.
inline torch::Tensor toUint8(const torch::Tensor& img) {
    return (img.permute({0, 2, 3, 1}) * 127.5 + 128).clamp(0, 255).to(torch::kUInt8).contiguous();
}

inline std::vector<Image> toImages(const torch::Tensor& img) {
    const torch::Tensor u8 = toUint8(img).to(torch::kCPU);
    std::vector<Image> out;
    const int64_t n = u8.size(0);
    for (int64_t i = 0; i < n; ++i) {
        Image im;
        im.height = static_cast<int>(u8.size(1));
        im.width = static_cast<int>(u8.size(2));
        im.channels = static_cast<int>(u8.size(3));
        im.pixels.resize(static_cast<size_t>(im.width) * im.height * im.channels);
        std::memcpy(im.pixels.data(), u8[i].data_ptr<uint8_t>(), im.pixels.size());
        out.push_back(std::move(im));
    }
    return out;
}

// The same images, each shared (for results and the cache, which hand them out without copying).
inline std::vector<ImagePtr> toImagePtrs(const torch::Tensor& img) {
    std::vector<ImagePtr> out;
    for (Image& im : toImages(img)) out.push_back(shareImage(std::move(im)));
    return out;
}

}  // namespace stylemix
