/* libdeflate, libjpeg-turbo and libwebp encoder functions under their own names, forwarding to
 * the libraries loaded at run time (see sa_desktop_symbols.h). The compiler checks each signature
 * against the library's header. */
#include "sa_desktop_symbols.h"

#define API (sa_desktop_functions())

SA_FORWARDER struct libdeflate_compressor *libdeflate_alloc_compressor(int level) { return API->libdeflate_alloc_compressor(level); }
SA_FORWARDER uint32_t libdeflate_crc32(uint32_t crc, const void *buffer, size_t length) { return API->libdeflate_crc32(crc, buffer, length); }
SA_FORWARDER void libdeflate_free_compressor(struct libdeflate_compressor *compressor) { API->libdeflate_free_compressor(compressor); }
SA_FORWARDER size_t libdeflate_zlib_compress(struct libdeflate_compressor *compressor, const void *in, size_t in_bytes, void *out, size_t out_available) { return API->libdeflate_zlib_compress(compressor, in, in_bytes, out, out_available); }
SA_FORWARDER size_t libdeflate_zlib_compress_bound(struct libdeflate_compressor *compressor, size_t in_bytes) { return API->libdeflate_zlib_compress_bound(compressor, in_bytes); }

SA_FORWARDER void jpeg_CreateCompress(j_compress_ptr cinfo, int version, size_t size) { API->jpeg_CreateCompress(cinfo, version, size); }
SA_FORWARDER void jpeg_destroy_compress(j_compress_ptr cinfo) { API->jpeg_destroy_compress(cinfo); }
SA_FORWARDER void jpeg_finish_compress(j_compress_ptr cinfo) { API->jpeg_finish_compress(cinfo); }
SA_FORWARDER void jpeg_set_defaults(j_compress_ptr cinfo) { API->jpeg_set_defaults(cinfo); }
SA_FORWARDER void jpeg_set_quality(j_compress_ptr cinfo, int quality, boolean force_baseline) { API->jpeg_set_quality(cinfo, quality, force_baseline); }
SA_FORWARDER void jpeg_start_compress(j_compress_ptr cinfo, boolean write_all_tables) { API->jpeg_start_compress(cinfo, write_all_tables); }
SA_FORWARDER struct jpeg_error_mgr *jpeg_std_error(struct jpeg_error_mgr *error) { return API->jpeg_std_error(error); }
SA_FORWARDER JDIMENSION jpeg_write_scanlines(j_compress_ptr cinfo, JSAMPARRAY rows, JDIMENSION count) { return API->jpeg_write_scanlines(cinfo, rows, count); }

SA_FORWARDER int WebPConfigInitInternal(WebPConfig *config, WebPPreset preset, float quality, int version) { return API->WebPConfigInitInternal(config, preset, quality, version); }
SA_FORWARDER int WebPEncode(const WebPConfig *config, WebPPicture *picture) { return API->WebPEncode(config, picture); }
SA_FORWARDER void WebPPictureFree(WebPPicture *picture) { API->WebPPictureFree(picture); }
SA_FORWARDER int WebPPictureImportBGRX(WebPPicture *picture, const uint8_t *bgrx, int stride) { return API->WebPPictureImportBGRX(picture, bgrx, stride); }
SA_FORWARDER int WebPPictureInitInternal(WebPPicture *picture, int version) { return API->WebPPictureInitInternal(picture, version); }
SA_FORWARDER int WebPValidateConfig(const WebPConfig *config) { return API->WebPValidateConfig(config); }
