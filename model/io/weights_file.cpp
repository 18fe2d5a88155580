#include "model/io/weights_file.h"

#include "model/io/checked_file.h"
#include "model/io/file_magic.h"
#include "model/io/message_text.h"
#include "model/io/network_pickle.h"
#include "model/io/safetensors.h"
#include "model/io/sha256.h"
#include "model/io/tf_pickle.h"

#include <algorithm>
#include <cstring>
#include <future>
#include <stdexcept>

namespace stylemix {

namespace {

// torch.save writes a zip whose first entry is "<archive>/data.pkl".
bool isZip(const std::vector<std::uint8_t>& bytes) {
    return bytes.size() >= 4 && std::memcmp(bytes.data(), "PK\x03\x04", 4) == 0;
}

bool isTorchZip(const std::vector<std::uint8_t>& bytes) {
    if (bytes.size() < 30) return false;
    const std::size_t name_size = bytes[26] | (bytes[27] << 8);
    if (30 + name_size > bytes.size()) return false;
    const std::string name(bytes.begin() + 30, bytes.begin() + 30 + static_cast<std::ptrdiff_t>(name_size));
    return name.size() >= 8 && name.compare(name.size() - 8, 8, "data.pkl") == 0;
}

}  // namespace

RawWeights readWeightsFile(const std::string& path) {
    std::vector<std::uint8_t> bytes = readCheckedFile(path, FileKind::Model);
    // Messages name the file as shown (escaped, a long path clipped); the parsers only report with it.
    const std::string source = displayPath(path);
    if (bytes.empty()) throw std::runtime_error(source + ": empty file (0 bytes), expected a .safetensors file or a network pickle");
    if (isZip(bytes)) {
        if (isTorchZip(bytes))
            throw std::runtime_error(source + ": this is a PyTorch zip archive (torch.save), not a network pickle; "
                                              "export the generator as a network pickle or a .safetensors file");
        throw std::runtime_error(source + ": this is a zip archive, not a model: extract the model from it first");
    }
    // Compressed, archived or otherwise foreign files are named before a parser misreads them.
    if (const std::string foreign = describeForeignFile(bytes.data(), std::min(bytes.size(), kForeignMagicBytes)); !foreign.empty())
        throw std::runtime_error(source + ": this is " + foreign);
    // The hash of exactly these bytes (the file is read once), on another core
    // while they are parsed; a parse that throws waits for it in the future's destructor.
    std::future<std::string> hash =
        std::async(std::launch::async, [&bytes] { return sha256Hex(bytes.data(), bytes.size()); });
    RawWeights raw;
    if (looksLikeTfPickle(bytes.data(), bytes.size())) {
        TfNetwork gs = parseTfPickle(bytes.data(), bytes.size(), source);
        const std::string sha256 = hash.get();
        std::vector<std::uint8_t>().swap(bytes);   // the file's bytes go before the conversion copies tensors
        raw = tfPickleToRaw(std::move(gs), source);
        raw.sha256 = sha256;
        return raw;
    }
    raw = hasPickleExtension(path) || startsLikePickle(bytes.data(), bytes.size())
              ? parseNetworkPickle(bytes.data(), bytes.size(), source)
              : parseSafetensors(bytes.data(), bytes.size(), source);
    raw.sha256 = hash.get();
    return raw;
}

}  // namespace stylemix
