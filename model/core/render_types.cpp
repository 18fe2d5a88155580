#include "model/core/render_types.h"

#include "model/io/message_text.h"

#include <stdexcept>

namespace stylemix {

const char* deviceChoiceName(DeviceChoice d) {
    switch (d) {
        case DeviceChoice::Auto: return "auto";
        case DeviceChoice::CPU: return "cpu";
        case DeviceChoice::CUDA: return "cuda";
    }
    return "?";
}

DeviceChoice parseDeviceChoice(const std::string& text) {
    if (text == "auto") return DeviceChoice::Auto;
    if (text == "cpu") return DeviceChoice::CPU;
    if (text == "cuda") return DeviceChoice::CUDA;
    throw std::invalid_argument("device " + quoteText(text) + " is not one of auto, cpu, cuda");
}

const char* interpolationSpaceName(InterpolationSpace s) { return s == InterpolationSpace::Z ? "z" : "w"; }

InterpolationSpace parseInterpolationSpace(const std::string& text) {
    if (text == "z") return InterpolationSpace::Z;
    if (text == "w") return InterpolationSpace::W;
    throw std::invalid_argument("interpolation space " + quoteText(text) + " is not one of z, w");
}

const char* precisionChoiceName(PrecisionChoice p) {
    switch (p) {
        case PrecisionChoice::FP32: return "fp32";
        case PrecisionChoice::FP16Mixed: return "fp16";
        case PrecisionChoice::BF16Mixed: return "bf16";
    }
    return "?";
}

PrecisionChoice parsePrecisionChoice(const std::string& text) {
    if (text == "fp32") return PrecisionChoice::FP32;
    if (text == "fp16") return PrecisionChoice::FP16Mixed;
    if (text == "bf16") return PrecisionChoice::BF16Mixed;
    throw std::invalid_argument("precision " + quoteText(text) + " is not one of fp32, fp16, bf16");
}

}  // namespace stylemix
