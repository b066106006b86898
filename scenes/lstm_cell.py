from scenes.lstm_chapter import LSTMChapterScene
class LSTMCell(LSTMChapterScene):
    scene_id = "lstm_cell"; title = "LSTMCell"; section = "x"; approx_seconds = 1; max_string_length = 20
