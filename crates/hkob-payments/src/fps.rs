//! FPS addressing, QR codes and App-to-App payment requests.
