// stylemix convert: any supported weights file (NVIDIA .pkl included) to
// .safetensors. Torch-free: tensors are checked and copied as read.
#include "app/cli_commands.h"

#include "model/io/message_text.h"
#include "model/io/safetensors.h"
#include "model/io/weights_file.h"
#include "model/nets/family_reader.h"

#include <iostream>
#include <map>

namespace stylemix::cli {

int runConvert(const ConvertOptions& o) {
    checkOutputTarget(o.output);
    // The file in its family's own form (StyleGAN1: TF variable names; StyleGAN2 from
    // TF: PyTorch names); class_name, init_kwargs and StyleGAN3's module attributes
    // go into the metadata.
    AdoptedWeights adopted = adoptWeights(readWeightsFile(o.input));
    const FamilyReader& family = *adopted.family;
    const RawWeights& raw = adopted.weights;
    family.validate(raw, {});   // refuse to write anything we could not load
    const ModelDescription desc = family.describe(raw);
    std::map<std::string, std::string> metadata = {{"format", family.name}, {"num_ws", std::to_string(desc.num_ws)},
                                                   {"img_resolution", std::to_string(desc.img_resolution)}};
    // Header strings are UTF-8; a file name that is not is kept exactly, percent-encoded.
    if (isValidUtf8(o.input)) {
        metadata["converted_from"] = o.input;
    } else {
        metadata["converted_from"] = percentEncode(o.input);
        metadata["converted_from_encoding"] = "percent";
    }
    writeSafetensors(o.output, raw, metadata);
    std::cout << "wrote " << escapeControlChars(o.output) << " (" << desc.family_label << ", " << raw.tensors.size() << " tensors, "
              << desc.img_resolution << "x" << desc.img_resolution << ", " << desc.num_ws << " ws)\n";
    return 0;
}

}  // namespace stylemix::cli
