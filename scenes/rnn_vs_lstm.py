from scenes.lstm_chapter import LSTMChapterScene
class RNNvsLSTM(LSTMChapterScene):
    scene_id = "rnn_vs_lstm"; title = "RNNvsLSTM"; section = "x"; approx_seconds = 1; max_string_length = 20
