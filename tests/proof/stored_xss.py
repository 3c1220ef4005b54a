def run(result, work, folder, world, *, long):
    pass
