def run(result, work, folder, token, *, long):
    pass
